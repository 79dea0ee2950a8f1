//! A small ledger written to a temporary folder: a home operator, two visited operators
//! and the SM-DP+/eIM operator, with contracts, usage, a flag and a subscription operation.

use std::path::Path;

use ledger::directory::{Directory, PartnerInfo};
use ledger::entry::{Contract, Flag, Record, Subscription, Usage};
use ledger::exchange::{Ledger, Partner};
use ledger::money::Rates;
use ledger::policy::{Attempt, Policy, Service, Violation, charge};
use ledger::store::Store;
use proto::crypto::SigningKey;

pub(crate) const HOME: &str = "home";
pub(crate) const VISITED_A: &str = "visited-a";
pub(crate) const VISITED_B: &str = "visited-b";
pub(crate) const RSP: &str = "rsp";

pub(crate) const RATES: Rates = Rates {
    data_per_mb: 8_000,
    voice_per_minute: 40_000,
};

pub(crate) fn contract(device: &str) -> Record {
    Record::Contract(Contract {
        device: device.into(),
        iccid: "8988240000000000001".into(),
        policy: Policy {
            services: vec![Service::Data],
            data_allowance_mb: 100,
            tac: "35291111".into(),
            countries: vec!["DE".into()],
            max_downloads_per_day: 3,
        },
        rates: RATES,
    })
}

pub(crate) fn usage(device: &str, kb: u64, day: u32) -> Record {
    let price = charge(
        &RATES,
        &Attempt::Session {
            service: Service::Data,
            kb,
            minutes: 0,
        },
    );
    Record::Usage(Usage {
        device: device.into(),
        service: Service::Data,
        from_day: day,
        to_day: day,
        data_kb: kb,
        minutes: 0,
        charge: price,
    })
}

/// Writes the ledger into `dir` and returns the usage written per pair `(kb, devices)`.
pub(crate) async fn write_ledger(dir: &Path) {
    let ids = [
        (HOME, "home"),
        (VISITED_A, "visited"),
        (VISITED_B, "visited"),
        (RSP, "rsp"),
    ];
    let mut partners = Vec::new();
    let mut directory = Directory::default();
    for (id, role) in ids {
        let key = SigningKey::generate().unwrap();
        let file = format!("{id}.db");
        let store = Store::open(&storage::sqlite_url(&dir.join(&file)))
            .await
            .unwrap();
        directory.partners.push(PartnerInfo {
            id: id.into(),
            role: role.into(),
            database: file,
            public_key: hex::encode(key.public_key().as_uncompressed_point()),
        });
        partners.push(Partner::new(id, key, store));
    }
    directory.save(dir).unwrap();
    let mut l = Ledger::new(partners);
    for d in ["eid-1", "eid-2"] {
        l.append(HOME, VISITED_A, 0, contract(d)).unwrap();
    }
    l.append(HOME, VISITED_B, 0, contract("eid-3")).unwrap();
    l.publish_all(0).unwrap();
    l.flush().await.unwrap();
    for day in 1..=3 {
        l.append(VISITED_A, HOME, day, usage("eid-1", 2048, day))
            .unwrap();
        l.append(VISITED_A, HOME, day, usage("eid-2", 1024, day))
            .unwrap();
        l.append(VISITED_B, HOME, day, usage("eid-3", 512, day))
            .unwrap();
        l.publish_all(u64::from(day) * 86_400_000).unwrap();
    }
    l.append(
        VISITED_A,
        HOME,
        3,
        Record::Flag(Flag {
            device: "eid-2".into(),
            violation: Violation::ServiceNotAllowed {
                service: Service::Voice,
            },
            charge_avoided: 30 * RATES.voice_per_minute,
            reported_to: HOME.into(),
        }),
    )
    .unwrap();
    l.append(
        RSP,
        HOME,
        3,
        Record::Subscription(Subscription {
            device: "eid-1".into(),
            kind: "installation-result".into(),
            reference: "8949000000000000001".into(),
            iccid: Some("8949000000000000001".into()),
            outcome: "installed".into(),
            signed_der: Some("bf3700".into()),
        }),
    )
    .unwrap();
    l.publish_all(4 * 86_400_000).unwrap();
    l.flush().await.unwrap();
    l.close().await;
}
