//! v2 interactions: fetch, submit by catalogue id, manual review and asset upload.

use serde_json::Value;
use tracing::Instrument;

use gbg_go_wire::interaction::{
    AssetUploadResponse, FetchRequest, ManualReview, Reviewer, SubmitContext, SubmitRequest,
};
use gbg_go_wire::status::FetchScope;
use gbg_go_wire::{headers, paths};

use super::engine::{wire_body, Auth, Call, Kind, Payload};
use super::error::Misuse;
use super::{decode, Client, Error, InstanceId, Interaction, Participant};
use crate::TaskDocument;

impl Client {
    /// The current v2 interaction (`interaction/fetch`): what it collects, what is
    /// still outstanding (catalogue refs), its instructions, and whether modules are
    /// processing. Once the journey has ended, [`Interaction::ended`] holds GO's
    /// message.
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn fetch_interaction(&self, instance: &InstanceId) -> Result<Interaction, Error> {
        self.fetch_interaction_scoped(instance, None).await
    }

    /// The current interaction as a manual reviewer sees it (`scope: "reviewer"`).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn fetch_interaction_for_review(
        &self,
        instance: &InstanceId,
    ) -> Result<Interaction, Error> {
        self.fetch_interaction_scoped(instance, Some(FetchScope::Reviewer))
            .await
    }

    async fn fetch_interaction_scoped(
        &self,
        instance: &InstanceId,
        scope: Option<FetchScope>,
    ) -> Result<Interaction, Error> {
        let span = tracing::info_span!("gbg_go.fetch_interaction", instance = %instance, request_id = tracing::field::Empty);
        async {
            let body = wire_body(&FetchRequest {
                instance_id: instance.as_str().to_owned(),
                scope,
            });
            let reply = self
                .call(
                    "fetch_interaction",
                    Kind::Read,
                    paths::INTERACTION_FETCH,
                    Auth::Instance(instance),
                    &body,
                )
                .await?;
            decode::interaction("fetch_interaction", instance, reply.body, &reply.request_id)
        }
        .instrument(span)
        .await
    }

    /// Submit data for the current interaction (`interaction/submit`), naming as
    /// `participants` the elements DESIGN's rule gives: the top-level refs of the
    /// interaction's `collects` with at least one mapped leaf present in the
    /// document's subject. Without the right participants GO answers success and
    /// collects nothing. Partial submissions are fine. Returns the participants sent.
    ///
    /// Not retried after a failure that may have reached GO.
    ///
    /// # Errors
    /// [`Error::Misuse`] when the interaction has no id (the journey ended or modules
    /// are running), or any [`Error`]; GO's refusal of the data is
    /// [`Error::is_invalid_data`].
    pub async fn submit_interaction(
        &self,
        interaction: &Interaction,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<Vec<Participant>, Error> {
        let doc = document.to_task_document()?;
        let subject = doc
            .pointer("/context/subject")
            .cloned()
            .unwrap_or_else(empty_subject);
        let participants = interaction.participants_for(&subject);
        let id = interaction
            .interaction_id
            .as_deref()
            .ok_or(Error::Misuse(Misuse::NoInteraction))?;
        self.submit_raw(
            &interaction.instance_id,
            id,
            participants.clone(),
            subject,
            None,
        )
        .await?;
        Ok(participants)
    }

    /// Submit with participants of your choosing (the override of
    /// [`Client::submit_interaction`]'s rule).
    ///
    /// # Errors
    /// Any [`Error`].
    pub async fn submit_interaction_with(
        &self,
        instance: &InstanceId,
        interaction_id: &str,
        participants: Vec<Participant>,
        document: &(impl TaskDocument + ?Sized),
    ) -> Result<(), Error> {
        let doc = document.to_task_document()?;
        let subject = doc
            .pointer("/context/subject")
            .cloned()
            .unwrap_or_else(empty_subject);
        self.submit_raw(instance, interaction_id, participants, subject, None)
            .await
    }

    /// Submit a manual review decision (0–9, with notes of at most 500 characters)
    /// as `context.reviewers[].manualReview`.
    ///
    /// # Errors
    /// [`Error::Misuse`] for a decision above 9 or longer notes, or any [`Error`].
    pub async fn submit_review(
        &self,
        instance: &InstanceId,
        interaction_id: &str,
        decision: u8,
        notes: Option<String>,
    ) -> Result<(), Error> {
        if decision > 9 || notes.as_ref().is_some_and(|n| n.chars().count() > 500) {
            return Err(Error::Misuse(Misuse::InvalidReview));
        }
        let reviewers = vec![Reviewer {
            manual_review: ManualReview { decision, notes },
        }];
        self.submit_raw(
            instance,
            interaction_id,
            Vec::new(),
            empty_subject(),
            Some(reviewers),
        )
        .await
    }

    async fn submit_raw(
        &self,
        instance: &InstanceId,
        interaction_id: &str,
        participants: Vec<Participant>,
        subject: Value,
        reviewers: Option<Vec<Reviewer>>,
    ) -> Result<(), Error> {
        let span = tracing::info_span!("gbg_go.submit_interaction", instance = %instance, request_id = tracing::field::Empty);
        async {
            let body = wire_body(&SubmitRequest {
                instance_id: instance.as_str().to_owned(),
                interaction_id: interaction_id.to_owned(),
                participants,
                context: SubmitContext {
                    subject: subject.into(),
                    reviewers,
                },
            });
            self.call(
                "submit_interaction",
                Kind::Write,
                paths::INTERACTION_SUBMIT,
                Auth::Instance(instance),
                &body,
            )
            .await?;
            Ok(())
        }
        .instrument(span)
        .await
    }

    /// Upload an image for an element of the current interaction
    /// (`interaction/asset/upload`: `PrimaryDocument/side1Image`,
    /// `PrimaryDocument/side2Image`, `Selfie/selfieImage`,
    /// `EncryptedSelfie/selfieImage`). Put the returned `gofsKey` where the base64
    /// image would go in the next submit.
    ///
    /// Not retried after a failure that may have reached GO.
    ///
    /// # Errors
    /// Any [`Error`]; GO answers 422 for an element it does not take uploads for.
    pub async fn upload_asset(
        &self,
        instance: &InstanceId,
        interaction_id: &str,
        domain_element_id: &str,
        bytes: impl Into<bytes::Bytes>,
    ) -> Result<AssetUploadResponse, Error> {
        let reply = self
            .send(Call {
                op: "upload_asset",
                kind: Kind::Write,
                method: reqwest::Method::POST,
                path: paths::ASSET_UPLOAD.into(),
                auth: Auth::Instance(instance),
                body: Payload::Bytes(bytes.into()),
                headers: vec![
                    (headers::INSTANCE_ID, instance.as_str().to_owned()),
                    (headers::INTERACTION_ID, interaction_id.to_owned()),
                    (headers::DOMAIN_ELEMENT_ID, domain_element_id.to_owned()),
                ],
            })
            .await?;
        decode::wire(
            "upload_asset",
            "asset upload response",
            &reply.body,
            &reply.request_id,
        )
    }
}

/// `{}`: a submit without subject data (the newest spec requires the member).
fn empty_subject() -> Value {
    Value::Object(serde_json::Map::new())
}
