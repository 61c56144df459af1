// Only a module's `Root`, the whole task document, can be submitted as task data: a
// part of it, such as a `FirstName`, is not a `TaskDocument`.
mod kyc {
    include!("../../snapshots/kyc.rs");
}

async fn submit(
    client: &gbg_go::Client,
    instance: &gbg_go::client::InstanceId,
    task: &gbg_go::client::TaskId,
    name: &kyc::FirstName,
) -> Result<(), gbg_go::Error> {
    client
        .update_task(instance, task, gbg_go::client::Intent::Complete, name)
        .await
}

fn main() {
    let _ = submit;
}
