//! `faults_injected_total{role, kind}`: the faults served on purpose to a device under test
//! ([`crate::faults`]), read from the role's [`Faults`] at each scrape.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;

use crate::faults::{Faults, KINDS};

#[derive(Debug)]
struct Injected(Faults);

impl Collector for Injected {
    fn encode(&self, mut encoder: DescriptorEncoder<'_>) -> Result<(), std::fmt::Error> {
        let probe = ConstCounter::new(0u64);
        let mut family = encoder.encode_descriptor(
            "faults_injected",
            "Faults injected on purpose for a device under test, by role and kind",
            None,
            probe.metric_type(),
        )?;
        for kind in KINDS {
            let labels = [("role", self.0.role()), ("kind", kind.as_str())];
            let counter = ConstCounter::new(self.0.injected(kind));
            counter.encode(family.encode_family(&labels)?)?;
        }
        Ok(())
    }
}

/// Registers the counters of `faults` in `registry`.
pub fn register(registry: &mut prometheus_client::registry::Registry, faults: &Faults) {
    registry.register_collector(Box::new(Injected(faults.clone())));
}
