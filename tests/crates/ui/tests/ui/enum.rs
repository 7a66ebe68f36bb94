use pmrf::{Model, Scalar};

#[derive(Model, Clone)]
enum Component<T: Scalar = f64> {
    Resistor(T),
    Capacitor(T),
}

fn main() {}
