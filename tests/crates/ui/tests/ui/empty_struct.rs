use pmrf::Model;

#[derive(Model, Clone)]
struct Nothing {}

fn main() {}
