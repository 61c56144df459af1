//! The README's snippets that use a dev-dependency (the sandbox), compiled as
//! written (see build.rs) and run: a library target cannot reach dev-dependencies.

include!(concat!(env!("OUT_DIR"), "/dev_snippets.rs"));

#[tokio::test]
async fn the_console_snippet_starts_a_sandbox_and_names_its_console() {
    dev_snippet_9::run()
        .await
        .expect("the README's console snippet");
}
