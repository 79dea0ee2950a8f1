//! An order's own terms, set by the SM-DP+'s operator (`rsp-lab smdp order set`): until when
//! it may be downloaded and how many download attempts it allows. ES2+ carries neither
//! (SGP.22 5.3.2 ConfirmOrder has no validity, 5.3 no attempt count): an SM-DP+ applies its
//! own, here the policy's `order_ttl` and `max_download_attempts`, and an operator may
//! change them for one order. AuthenticateClient then answers "8.8.5 Download order / 4.10
//! Time to Live Expired" past the validity and "8.8.5 / 6.4 Maximum Number of Retries
//! Exceeded" once the attempts are made (SGP.22 5.6.3).

use crate::store::{Order, StoreError, Tx, orders};
use crate::view::SmDpView;

/// Which order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderSelector {
    /// The order holding this Matching ID.
    MatchingId(String),
    /// The open order of the profile with this ICCID.
    Iccid(String),
}

/// What to change; `None` keeps the order's current value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderTerms {
    /// End of the order's validity, Unix milliseconds (may be in the past).
    pub valid_until: Option<i64>,
    /// Download attempts allowed (AuthenticateClient successes); 0 allows none.
    pub max_attempts: Option<u32>,
}

/// Why the terms were not set.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OrderTermsError {
    #[error("no open order for {0:?}")]
    NoOpenOrder(OrderSelector),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn set(
    tx: &mut Tx<'_>,
    selector: &OrderSelector,
    terms: &OrderTerms,
) -> Result<Order, OrderTermsError> {
    let order = match selector {
        OrderSelector::MatchingId(m) => orders::by_matching_id(tx, m)?,
        OrderSelector::Iccid(i) => orders::open_for_iccid(tx, i)?,
    };
    let none = || OrderTermsError::NoOpenOrder(selector.clone());
    let order = order.ok_or_else(none)?;
    let max = terms.max_attempts.map(i64::from);
    if !orders::set_terms(tx, &order.id, terms.valid_until, max)? {
        return Err(none());
    }
    orders::by_id(tx, &order.id)?.ok_or_else(none)
}

impl SmDpView {
    /// Sets an open order's terms; returns the order as it now is.
    pub async fn set_order_terms(
        &self,
        selector: &OrderSelector,
        terms: &OrderTerms,
    ) -> Result<Order, OrderTermsError> {
        let (selector, terms) = (selector.clone(), terms.clone());
        self.store()
            .write(move |tx| set(tx, &selector, &terms))
            .await
    }
}

/// [`SmDpView::set_order_terms`] on the database at `database_url`.
pub async fn set_order_terms_at(
    database_url: &str,
    selector: &OrderSelector,
    terms: &OrderTerms,
) -> Result<Order, OrderTermsError> {
    let view = SmDpView::open(database_url).await?;
    let r = view.set_order_terms(selector, terms).await;
    view.close().await;
    r
}
