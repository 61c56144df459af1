// No module of that name was generated (here none at all): one error at the name,
// listing the modules that were and how modules are named (the listing itself is
// tested in gbg-go-codegen's `include` module).
gbg_go::include_schema!(kyc);

fn main() {}
