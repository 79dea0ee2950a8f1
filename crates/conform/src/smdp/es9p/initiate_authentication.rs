//! ES9+.InitiateAuthentication (SGP.22 5.6.1; SGP.23 4.3.12): the SM-DP+ opens a session
//! for the eUICC's challenge, or refuses the address, the CIs or the version it is asked
//! with.

use proto::der::Asn1;
use proto::json::StatusCode;
use proto::sgp22::{EUICCInfo1, ServerSigned1};

use super::case;
use crate::Stop;
use crate::error::ensure;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+.InitiateAuthentication";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 nominal",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_01_Nominal"),
        clause: "SGP.22 5.6.1",
        checks: "Executed-Success; serverSigned1 carries the transactionId, the eUICC's challenge and the address asked; the eUICC accepts serverCertificate, serverSignature1 and euiccCiPKIdToBeUsed (ES10b.AuthenticateServer)",
        run: nominal,
    },
    case! {
        group: GROUP,
        title: "#02 uniqueness",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_02_Uniqueness"),
        clause: "SGP.22 5.6.1",
        checks: "two sessions get different transactionIds and different serverChallenges",
        run: uniqueness,
    },
    case! {
        group: GROUP,
        title: "#03 invalid server address",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_03_InvalidServerAddress"),
        clause: "SGP.22 5.6.1",
        checks: "an smdpAddress that is not the SM-DP+'s is refused with 8.8.1/3.8",
        run: invalid_server_address,
    },
    case! {
        group: GROUP,
        title: "#04 unsupported CI public key identifier",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_04_UnsupportedPKID"),
        clause: "SGP.22 5.6.1",
        checks: "euiccInfo1 whose euiccCiPKIdListForSigning names only a CI the SM-DP+ does not know (its list for verification the eUICC's own) is refused with 8.8.2/3.1",
        run: unsupported_pkid,
    },
    case! {
        group: GROUP,
        title: "#05 unsupported specification version",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_05_UnsupportedVersion"),
        clause: "SGP.22 5.6.1",
        checks: "euiccInfo1 with SVN 1.0.0 (no SGP.22 v2 eUICC) is refused with 8.8.3/3.1",
        run: unsupported_version,
    },
    case! {
        group: GROUP,
        title: "#06 no server certificate the eUICC can verify",
        test_case: Some("TC_SM_DP_ES9_InitiateAuthenticationNIST_06_UnavailableServerAuthCert"),
        clause: "SGP.22 5.6.1",
        checks: "euiccInfo1 whose euiccCiPKIdListForVerification names only a CI the SM-DP+ has no CERT.DPauth.ECDSA under (its list for signing the eUICC's own) is refused with 8.8.4/3.7",
        run: unavailable_server_certificate,
    },
];

async fn nominal(ctx: &mut Ctx) -> Result<(), Stop> {
    let session = flow::initiate(ctx).await?;
    // the LPA's checks of 5.6.1 and the eUICC's of 5.7.13
    flow::authenticate_server(ctx, &session, None)?;
    Ok(())
}

async fn uniqueness(ctx: &mut Ctx) -> Result<(), Stop> {
    let first = flow::initiate(ctx).await?;
    let second = flow::initiate(ctx).await?;
    ensure(first.tid() != second.tid(), || {
        format!("both sessions got transactionId {}", first.tid())
    })?;
    let challenge = |s: &flow::Session| {
        ServerSigned1::from_der(&s.init.server_signed1)
            .map(|s| s.server_challenge)
            .map_err(|e| Stop::fail(format!("serverSigned1: {e}")))
    };
    let (a, b) = (challenge(&first)?, challenge(&second)?);
    ensure(a != b, || {
        format!("both sessions got serverChallenge {}", hex::encode_upper(a))
    })
}

async fn invalid_server_address(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let answer = flow::initiate_with(ctx, &hello, "unknown.conform.invalid").await?;
    answer.refused(StatusCode::SMDP_ADDRESS_REFUSED)
}

/// `hello` with its EUICCInfo1 changed by `alter`.
fn altered_info1(
    hello: &flow::Hello,
    alter: impl FnOnce(&mut EUICCInfo1),
) -> Result<flow::Hello, Stop> {
    let mut info = EUICCInfo1::from_der(&hello.euicc_info1)
        .map_err(|e| Stop::fail(format!("the eUICC's EUICCInfo1: {e}")))?;
    alter(&mut info);
    Ok(flow::Hello {
        challenge: hello.challenge,
        euicc_info1: info.to_der(),
    })
}

/// A SubjectKeyIdentifier of no CI: 20 octets of 0x5A.
const UNKNOWN_CI: [u8; 20] = [0x5A; 20];

async fn unavailable_server_certificate(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let hello = altered_info1(&hello, |info| {
        info.euicc_ci_pkid_list_for_verification = vec![UNKNOWN_CI.to_vec()];
    })?;
    let address = ctx.smdp_address().to_string();
    let answer = flow::initiate_with(ctx, &hello, &address).await?;
    answer.refused(StatusCode::SMDP_CERTIFICATE_UNAVAILABLE)
}

async fn unsupported_pkid(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let hello = altered_info1(&hello, |info| {
        info.euicc_ci_pkid_list_for_signing = vec![UNKNOWN_CI.to_vec()];
    })?;
    let address = ctx.smdp_address().to_string();
    let answer = flow::initiate_with(ctx, &hello, &address).await?;
    answer.refused(StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED)
}

async fn unsupported_version(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let hello = altered_info1(&hello, |info| info.svn = [1, 0, 0])?;
    let address = ctx.smdp_address().to_string();
    let answer = flow::initiate_with(ctx, &hello, &address).await?;
    answer.refused(StatusCode::SVN_UNSUPPORTED)
}
