//! [`SmDpView`]: what an operator's back office, a test harness or the lab may read of the
//! SM-DP+ and seed into it, without its tables: profiles with their history, orders,
//! received notifications, the operator outbox, and the one seeding step that happens
//! outside ES2+/ES9+ — a profile personalized by the SM-DP+ but put on an eUICC at its
//! factory. The store itself is private to this crate.

use crate::state::ProfileState;
use crate::store::{
    HistoryEntry, NotificationRecord, Order, OutboxEntry, Profile, Store, StoreError, history,
    notifications, orders, outbox, profiles, retention,
};

/// Read access (and factory seeding) to a running or stopped SM-DP+'s database.
#[derive(Clone, Debug)]
pub struct SmDpView {
    store: Store,
}

/// Why a profile could not be handed to a factory.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedError {
    #[error("profile {0} is not in the inventory")]
    Unknown(String),
    #[error("profile {iccid} is {state}, not available")]
    NotAvailable { iccid: String, state: ProfileState },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SmDpView {
    pub(crate) fn new(store: Store) -> SmDpView {
        SmDpView { store }
    }

    /// The database, for the crate's operator functions (`order_terms`).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Opens the database at `url` (a stopped server's, or a running one's over
    /// PostgreSQL), applying the migrations.
    pub async fn open(url: &str) -> Result<SmDpView, StoreError> {
        Ok(SmDpView::new(
            storage::Db::open(
                url,
                crate::store::MIGRATIONS,
                &storage::DbOptions::default(),
            )
            .await?,
        ))
    }

    /// Stops the database threads (a view opened with [`SmDpView::open`]).
    pub async fn close(&self) {
        self.store.close().await
    }

    /// The SGP.02 SM-DP's downloads, oldest first.
    pub async fn sgp02_downloads(&self) -> Result<Vec<crate::store::Sgp02Download>, StoreError> {
        self.store.read(crate::store::sgp02::all).await
    }

    /// Gives profile `iccid` its MSISDN (what ES2.UpdateSubscriptionAddress records);
    /// whether the profile exists.
    pub async fn set_profile_msisdn(&self, iccid: &str, msisdn: &str) -> Result<bool, StoreError> {
        let (iccid, msisdn) = (iccid.to_string(), msisdn.to_string());
        self.store
            .write(move |tx| profiles::set_msisdn(tx, &iccid, &msisdn))
            .await
    }

    /// A profile by ICCID.
    pub async fn profile(&self, iccid: &str) -> Result<Option<Profile>, StoreError> {
        let iccid = iccid.to_string();
        self.store
            .read(move |tx| profiles::profile(tx, &iccid))
            .await
    }

    /// Profiles, optionally of one type, in ICCID order.
    pub async fn profiles(&self, profile_type: Option<&str>) -> Result<Vec<Profile>, StoreError> {
        let t = profile_type.map(str::to_string);
        self.store
            .read(move |tx| profiles::profiles(tx, t.as_deref()))
            .await
    }

    /// How many profiles of a type are in each state.
    pub async fn count_by_state(
        &self,
        profile_type: &str,
    ) -> Result<Vec<(ProfileState, i64)>, StoreError> {
        let t = profile_type.to_string();
        self.store
            .read(move |tx| profiles::count_by_state(tx, &t))
            .await
    }

    /// The personalized package of a profile (DER). It holds Ki and OPc: for the
    /// operator's back office and tests that compare what an eUICC installed.
    pub async fn package(&self, iccid: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let iccid = iccid.to_string();
        self.store
            .read(move |tx| profiles::package(tx, &iccid))
            .await
    }

    /// The states a profile went through, oldest first.
    pub async fn history(&self, iccid: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let iccid = iccid.to_string();
        self.store
            .read(move |tx| history::history(tx, &iccid))
            .await
    }

    /// The order holding a Matching ID.
    pub async fn order_by_matching_id(
        &self,
        matching_id: &str,
    ) -> Result<Option<Order>, StoreError> {
        let m = matching_id.to_string();
        self.store
            .read(move |tx| orders::by_matching_id(tx, &m))
            .await
    }

    /// Every order.
    pub async fn orders(&self) -> Result<Vec<Order>, StoreError> {
        self.store.read(orders::all).await
    }

    /// Every order, without its Bound Profile Package (`bpp`, `bpp_euicc_otpk` and
    /// `bpp_transaction_id` are `None`): for listings of the whole SM-DP+.
    pub async fn order_list(&self) -> Result<Vec<Order>, StoreError> {
        self.store.read(orders::all_without_packages).await
    }

    /// Every notification received over ES9+, oldest first.
    pub async fn notifications(&self) -> Result<Vec<NotificationRecord>, StoreError> {
        self.store.read(notifications::all).await
    }

    /// The operator outbox, oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.store.read(outbox::all).await
    }

    /// Rows per table: what the database holds (sizing, retention checks).
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>, StoreError> {
        self.store.read(retention::row_counts).await
    }

    /// Hands the personalized package of an available profile to an eUICC factory: the
    /// profile is recorded Installed on `eid` and its package (with Ki and OPc) returned,
    /// for a bootstrap profile pre-loaded at manufacturing.
    pub async fn manufacture(&self, iccid: &str, eid: &str) -> Result<Vec<u8>, SeedError> {
        let (iccid, eid) = (iccid.to_string(), eid.to_string());
        self.store
            .write(move |tx| {
                let profile = profiles::profile(tx, &iccid)?
                    .ok_or_else(|| SeedError::Unknown(iccid.clone()))?;
                let claimed = profiles::claim(
                    tx,
                    &iccid,
                    ProfileState::Available,
                    ProfileState::Installed,
                    Some(&eid),
                    "pre-loaded at manufacturing",
                )?;
                if !claimed {
                    return Err(SeedError::NotAvailable {
                        iccid: iccid.clone(),
                        state: profile.state,
                    });
                }
                profiles::package(tx, &iccid)?.ok_or_else(|| SeedError::Unknown(iccid.clone()))
            })
            .await
    }
}
