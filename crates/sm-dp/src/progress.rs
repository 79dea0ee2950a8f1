//! ES2+.HandleDownloadProgressInfo (SGP.22 5.3.5): what the SM-DP+ tells the operator at each
//! notification point. Calls are queued in the outbox in the transaction of the state change
//! they report; the `delivery` module sends them.
//!
//! `notificationPointId` values: 1 eligibility and retry limit check, 2 confirmation failure,
//! 3 BPP download, 4 BPP installation, 5 profile deleted — as a public operator interface
//! description lists them; SGP.22 leaves values above 100 to implementations, and the lab uses
//! 101 for enabled and 102 for disabled (the same description uses 101 and 102 for later
//! profile states). **Unverified** against the SGP.22 table itself.

use proto::json::es2p::HandleDownloadProgressInfoRequest;
use proto::json::{
    ExecutionStatus, FunctionExecutionStatus, RequestHeader, StatusCode, StatusCodeData,
};

use crate::context::Context;
use crate::store::{StoreError, Tx, new_id, outbox};

/// Where in the download a notification is sent from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotificationPoint {
    EligibilityCheck = 1,
    ConfirmationFailure = 2,
    BppDownload = 3,
    BppInstallation = 4,
    Deleted = 5,
    Enabled = 101,
    Disabled = 102,
}

/// One progress report.
pub(crate) struct Progress<'a> {
    pub operator: &'a str,
    pub eid: Option<&'a str>,
    pub iccid: &'a str,
    pub profile_type: &'a str,
    pub point: NotificationPoint,
    /// `None`: Executed-Success; `Some`: Failed with that code and message.
    pub failure: Option<(StatusCode, String)>,
    pub result_data: Option<Vec<u8>>,
}

/// The current time in the W3C form `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) fn w3c_now() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Queues the report for the operator, if it has a notification endpoint.
pub(crate) fn queue(ctx: &Context, tx: &mut Tx<'_>, p: Progress<'_>) -> Result<(), StoreError> {
    if !ctx.operators.contains_key(p.operator) {
        tracing::debug!(
            operator = p.operator,
            "no notification endpoint; progress not sent"
        );
        return Ok(());
    }
    let (Ok(iccid), eid) = (
        proto::ids::Iccid::parse_lenient(p.iccid),
        p.eid.and_then(|e| proto::ids::Eid::parse_lenient(e).ok()),
    ) else {
        return Err(StoreError::corrupt("profiles.iccid", p.iccid));
    };
    let status = match p.failure {
        None => FunctionExecutionStatus {
            status: ExecutionStatus::ExecutedSuccess,
            status_code_data: None,
        },
        Some((code, message)) => FunctionExecutionStatus {
            status: ExecutionStatus::Failed,
            status_code_data: Some(StatusCodeData::from(code).with_message(message)),
        },
    };
    let body = HandleDownloadProgressInfoRequest {
        header: RequestHeader::new(ctx.address.clone(), new_id()?),
        eid,
        iccid,
        profile_type: p.profile_type.to_string(),
        timestamp: w3c_now(),
        notification_point_id: p.point as i64,
        notification_point_status: status,
        result_data: p.result_data,
    };
    let text = serde_json::to_string(&body)
        .map_err(|e| StoreError::corrupt("HandleDownloadProgressInfo", e))?;
    outbox::push(tx, p.operator, &text)
}
