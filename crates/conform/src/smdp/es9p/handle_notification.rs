//! ES9+.HandleNotification (SGP.22 5.6.4; SGP.23 4.3.15): the SM-DP+ acknowledges a pending
//! notification with HTTP 204 and no body (6.5.2.x); the function has no error to return, so
//! a notification the SM-DP+ cannot verify is acknowledged too.

use proto::der::{Asn1, Preserved};
use proto::sgp22::{EuiccSignPIR, ProfileInstallationResult};

use super::case;
use crate::Stop;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+.HandleNotification";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nominal installation result",
        test_case: Some("TC_SM_DP_ES9_HandleNotificationNIST_01_Nominal"),
        clause: "SGP.22 5.6.4",
        checks: "the ProfileInstallationResult of a download is acknowledged with HTTP 204 and no body",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 installation result with an altered signature",
        test_case: Some("TC_SM_DP_ES9_HandleNotificationNIST_Error_InvalidSignature"),
        clause: "SGP.22 5.6.4",
        checks: "a ProfileInstallationResult whose euiccSignPIR has one bit flipped is acknowledged with HTTP 204 (no error output exists)",
        run: signature_altered,
    },
];

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let pir = flow::download(ctx, &matching_id).await?;
    let answer = flow::handle_notification(ctx, &pir).await?;
    answer.no_content()
}

async fn signature_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let pir = flow::download(ctx, &matching_id).await?;
    let mut result = ProfileInstallationResult::from_der(&pir)
        .map_err(|e| Stop::fail(format!("ProfileInstallationResult: {e}")))?;
    result.euicc_sign_pir = EuiccSignPIR(flow::flip_last(&result.euicc_sign_pir.0));
    // the result data as the eUICC encoded it
    result.profile_installation_result_data =
        Preserved::from_der(result.profile_installation_result_data.raw())
            .map_err(|e| Stop::fail(format!("profileInstallationResultData: {e}")))?;
    let answer = flow::handle_notification(ctx, &result.to_der()).await?;
    answer.no_content()
}
