// A module whose format this runtime does not read (here from a newer generator)
// is refused while compiling at its first item, which names the module's format
// and generator.
mod newer {
    use ::gbg_go::__private as __rt;
    const _: () = __rt::module_format(9, "9.9.9");
}

fn main() {}
