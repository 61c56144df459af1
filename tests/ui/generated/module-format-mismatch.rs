// A module written by a gbg-go-codegen of format 7 or older (which started with
// `format_version!`) fails with one error that names both formats (here the start
// of such a module).
mod stale {
    use ::gbg_go::__private as __rt;
    __rt::format_version!(4, "9.9.9");
}

fn main() {}
