//! Skewplan web app entry point: mounts the single-page planner.

fn main() {
    skewplan_web::register_yaml_reader();
    yew::Renderer::<skewplan_web::app::App>::new().render();
}
