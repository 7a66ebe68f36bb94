use pmrf::Model;

#[derive(Model, Clone)]
struct Ground;

fn main() {}
