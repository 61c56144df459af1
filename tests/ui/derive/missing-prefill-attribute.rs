#[derive(gbg_go::Prefill)]
struct Customer {
    first_name: String,
}

fn main() {}
