//! Skewplan web app entry point: mounts the single-page planner.

fn main() {
    yew::Renderer::<skewplan_web::app::App>::new().render();
}
