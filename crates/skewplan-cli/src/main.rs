//! `skewplan`: the command-line front end of the Skewplan core.

fn main() {
    println!("skewplan {}", env!("CARGO_PKG_VERSION"));
}
