//! Whole admin sessions between our agent and our server (GP Amendment B 3.4; SGP.02
//! 3.15 for the notification).

use scp81::Aid;
use scp81::admin::agent::{AgentConfig, AgentEnd, ReceivedScript, run_agent};
use scp81::admin::server::{AdminServerConfig, Framing, Next, SessionEnd};
use scp81::admin::{AdminError, AdminFrom, ScriptStatus};
use std::time::Duration;

use crate::support::{
    EID, FIRST_POST, Scripted, admin_server, card_stream, exchange_raw, identity, script,
};

fn from() -> String {
    AdminFrom {
        eid: EID,
        security_domain: Aid::isd_r(),
    }
    .to_string()
}

fn agent_config() -> AgentConfig {
    AgentConfig::new("smsr.example", "/gp/admin", &from())
}

/// The card of these tests: it answers a script with `AF 80 23 02 90 00 | m 00 00`, `m`
/// being the script's last APDU octet.
fn card(s: &ReceivedScript<'_>) -> (ScriptStatus, Vec<u8>) {
    let marker = s.body.iter().rev().nth(2).copied().unwrap_or(0);
    (
        ScriptStatus::Ok,
        vec![0xAF, 0x80, 0x23, 0x02, 0x90, 0x00, marker, 0x00, 0x00],
    )
}

async fn three_scripts(framing: Framing) {
    let scripts = (1..=3).map(|i| Next::Script {
        body: script(&[0x80, 0xCA, 0x00, i]),
        targeted_application: None,
    });
    let config = AdminServerConfig {
        framing,
        ..Default::default()
    };
    let (addr, server) = admin_server(config, Scripted::new(scripts)).await;
    let mut ran = Vec::new();
    let report = run_agent(
        card_stream(addr).await,
        &agent_config(),
        |s: &ReceivedScript<'_>| {
            ran.push(s.body.to_vec());
            card(s)
        },
    )
    .await
    .unwrap();
    assert_eq!(report.scripts, 3);
    assert_eq!(report.end, AgentEnd::NoContent);
    assert_eq!(
        ran,
        (1..=3)
            .map(|i| script(&[0x80, 0xCA, 0x00, i]))
            .collect::<Vec<_>>()
    );

    let server = server.await.unwrap().unwrap();
    assert_eq!(server.end, SessionEnd::Done);
    assert_eq!(server.posts, 4);
    let seen = &server.handler.seen;
    assert!(seen[0].first && seen[0].body.is_empty() && seen[0].script_status.is_none());
    assert_eq!(seen[0].uri, "/gp/admin");
    assert_eq!(seen[0].from, from());
    assert_eq!(seen[0].peer_identity, identity().to_text().into_bytes());
    assert_eq!(seen[0].psk_identity(), Some(identity()));
    for (i, post) in seen[1..].iter().enumerate() {
        assert!(!post.first);
        assert_eq!(post.uri, format!("/gp/next/{}", i + 1));
        assert_eq!(post.script_status, Some(ScriptStatus::Ok));
        assert_eq!(
            post.body.as_ref(),
            &[0xAF, 0x80, 0x23, 0x02, 0x90, 0x00, i as u8 + 1, 0, 0]
        );
    }
}

#[tokio::test]
async fn three_scripts_with_chunked_replies() {
    three_scripts(Framing::Chunked).await;
}

#[tokio::test]
async fn three_scripts_with_content_length_replies() {
    three_scripts(Framing::ContentLength).await;
}

#[tokio::test]
async fn the_targeted_application_reaches_the_card() {
    let isd_p = Aid::new(&[
        0xA0, 0, 0, 5, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0, 0, 0x13, 0,
    ])
    .unwrap();
    let scripts = [Next::Script {
        body: script(&[0x80, 0xE2, 0x88, 0x00]),
        targeted_application: Some(isd_p.clone()),
    }];
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::new(scripts)).await;
    let mut targets = Vec::new();
    run_agent(
        card_stream(addr).await,
        &agent_config(),
        |s: &ReceivedScript<'_>| {
            targets.push(s.targeted_application.cloned());
            (ScriptStatus::UnknownApplication, Vec::new())
        },
    )
    .await
    .unwrap();
    assert_eq!(targets, vec![Some(isd_p)]);
    let server = server.await.unwrap().unwrap();
    assert_eq!(
        server.handler.seen[1].script_status,
        Some(ScriptStatus::UnknownApplication)
    );
    assert!(server.handler.seen[1].body.is_empty());
}

#[tokio::test]
async fn a_last_script_without_next_uri_ends_the_session_unreported() {
    let scripts = [Next::LastScript {
        body: script(&[0x80, 0xCA, 0x00, 0x85]),
        targeted_application: None,
    }];
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::new(scripts)).await;
    let report = run_agent(card_stream(addr).await, &agent_config(), card)
        .await
        .unwrap();
    assert_eq!((report.scripts, report.end), (1, AgentEnd::NoNextUri));
    let server = server.await.unwrap().unwrap();
    assert_eq!((server.end, server.posts), (SessionEnd::LastScript, 1));
}

#[tokio::test]
async fn an_immediate_204_runs_nothing() {
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::default()).await;
    let report = run_agent(card_stream(addr).await, &agent_config(), card)
        .await
        .unwrap();
    assert_eq!((report.scripts, report.end), (0, AgentEnd::NoContent));
    assert_eq!(server.await.unwrap().unwrap().end, SessionEnd::Done);
}

#[tokio::test]
async fn the_https_default_notification_reaches_the_handler() {
    // E1 { 4C EID | 4D 01 02 (profile change succeeded) | 4E 02 00 07 }
    let mut notification = vec![0xE1, 0x19, 0x4C, 0x10];
    notification.extend_from_slice(&EID);
    notification.extend_from_slice(&[0x4D, 0x01, 0x02, 0x4E, 0x02, 0x00, 0x07]);
    // HandleNotificationConfirmation: STORE DATA 3A08 { 4E 02 0007 }
    let confirm = script(&[
        0x80, 0xE2, 0x89, 0x00, 0x07, 0x3A, 0x08, 0x04, 0x4E, 0x02, 0x00, 0x07,
    ]);
    let scripts = [Next::Script {
        body: confirm.clone(),
        targeted_application: None,
    }];
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::new(scripts)).await;
    let mut config = agent_config();
    config.notification = Some(notification.clone());
    let mut ran = Vec::new();
    run_agent(
        card_stream(addr).await,
        &config,
        |s: &ReceivedScript<'_>| {
            ran.push(s.body.to_vec());
            card(s)
        },
    )
    .await
    .unwrap();
    assert_eq!(ran, vec![confirm]);
    let server = server.await.unwrap().unwrap();
    let first = &server.handler.seen[0];
    assert_eq!(first.notification.as_deref(), Some(notification.as_slice()));
    assert_eq!(
        first.uri,
        format!("/gp/admin?msg={}", hex::encode_upper(&notification))
    );
    assert_eq!(server.end, SessionEnd::Done);
}

#[tokio::test]
async fn a_resumed_session_says_so() {
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::default()).await;
    let mut config = agent_config();
    config.resume = true;
    run_agent(card_stream(addr).await, &config, card)
        .await
        .unwrap();
    assert!(server.await.unwrap().unwrap().handler.seen[0].resume);
}

#[tokio::test]
async fn the_agent_reports_a_refusal_as_the_status() {
    let (addr, server) = admin_server(AdminServerConfig::default(), Scripted::default()).await;
    let mut config = agent_config();
    config.from = String::new();
    let r = run_agent(card_stream(addr).await, &config, card).await;
    assert!(matches!(r, Err(AdminError::Status(400))), "{r:?}");
    assert_eq!(server.await.unwrap().unwrap().end, SessionEnd::Refused(400));
}

#[tokio::test]
async fn the_agent_refuses_a_script_over_its_limit() {
    let big = Next::Script {
        body: vec![0xAE; 4096],
        targeted_application: None,
    };
    let (addr, _server) = admin_server(AdminServerConfig::default(), Scripted::new([big])).await;
    let mut config = agent_config();
    config.max_body = 1024;
    let r = run_agent(card_stream(addr).await, &config, card).await;
    assert!(matches!(r, Err(AdminError::BodyTooLarge(1024))), "{r:?}");
}

#[tokio::test]
async fn a_card_that_goes_silent_ends_the_session() {
    let scripts = [Next::Script {
        body: script(&[0x80, 0xCA, 0x00, 0x85]),
        targeted_application: None,
    }];
    // a second: the first POST, written at once, never meets the limit on a loaded host
    let config = AdminServerConfig {
        idle_timeout: Duration::from_secs(1),
        ..Default::default()
    };
    let (addr, server) = admin_server(config, Scripted::new(scripts)).await;
    let mut card = card_stream(addr).await;
    let first = exchange_raw(&mut card, FIRST_POST.as_bytes()).await;
    assert_eq!(first.status(), 200);
    // no second POST: the server gives up on its own and keeps what it had
    let report = server.await.unwrap().unwrap();
    assert_eq!((report.end, report.posts), (SessionEnd::TimedOut, 1));
}
