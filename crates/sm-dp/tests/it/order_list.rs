//! The order listing for whole-SM-DP+ reads (the lab's end state, the ledger): every order
//! with every field of [`SmDpView::orders`] except the Bound Profile Package and what it is
//! bound to, which stay in the database (a package per order is most of an order's bytes).

use crate::support;

use support::Lab;

#[tokio::test]
async fn the_order_list_is_every_order_without_its_bound_package() {
    let lab = Lab::start().await;
    lab.inventory("t", support::OPERATOR, 3, "8949449999999990031")
        .await;
    // One order bound to a package (GetBoundProfilePackage ran), one only placed.
    let (_, mid) = lab.order("t", Some(&lab.euicc.eid), None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = proto::crypto::EckaKeyPair::generate().unwrap();
    assert!(support::executed(
        &lab.get_bpp(&lab.euicc, &d, &otpk, None).await
    ));
    lab.order("t", None, None).await;

    let view = lab.smdp.view();
    let full = view.orders().await.unwrap();
    let listed = view.order_list().await.unwrap();
    assert_eq!(full.len(), 2);
    assert!(
        full.iter()
            .any(|o| o.bpp.is_some() && o.bpp_euicc_otpk.is_some()),
        "the bound order keeps its package in the database"
    );
    assert_eq!(listed.len(), full.len());
    for (l, f) in listed.iter().zip(&full) {
        assert!(l.bpp.is_none() && l.bpp_euicc_otpk.is_none() && l.bpp_transaction_id.is_none());
        assert_eq!(
            (
                &l.id,
                &l.iccid,
                &l.operator,
                &l.eid,
                &l.matching_id,
                l.status
            ),
            (
                &f.id,
                &f.iccid,
                &f.operator,
                &f.eid,
                &f.matching_id,
                f.status
            ),
        );
        assert_eq!(
            (l.cc_attempts, l.download_attempts, l.released, l.expires_at),
            (f.cc_attempts, f.download_attempts, f.released, f.expires_at),
        );
    }
    lab.smdp.shutdown().await;
}
