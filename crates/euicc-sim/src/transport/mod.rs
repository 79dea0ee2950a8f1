//! Ways to reach the card.
