//! The sandbox's in-memory state: orders, refunds, settlements, abnormal payments, received
//! payments, the access token and the business clock. One `Mutex<State>` guards it all.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

use serde_json::Value;
use wcheckout::Amount;
use wcheckout::model::{
    AbnormalPaymentStatus, AbnormalPaymentType, EventType, OrderStatus, RefundStatus, SettleStatus, Token,
};

use crate::clock::{Clock, MICROS, real_micros};
use crate::webhooks::Webhooks;

/// Records of one kind, in creation order, indexed by their merchant number.
#[derive(Debug)]
pub(crate) struct Table<T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self { items: Vec::new(), index: HashMap::new() }
    }
}

impl<T> Table<T> {
    pub(crate) fn get(&self, key: &str) -> Option<&T> {
        self.index.get(key).and_then(|&i| self.items.get(i))
    }
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.index.get(key).and_then(|&i| self.items.get_mut(i))
    }
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }
    pub(crate) fn insert(&mut self, key: String, item: T) {
        self.index.insert(key, self.items.len());
        self.items.push(item);
    }
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

/// A payment order.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub sysid: String,
    pub order_no: String,
    pub order_amount: Amount,
    pub paying_amount: Amount,
    pub exchange_rate: Amount,
    pub customer_id: String,
    pub merchant_id: Option<String>,
    pub token: Token,
    pub fiat: Option<String>,
    pub expired_in: u64,
    pub tx_hash: Option<String>,
    pub deposit_address: String,
    pub coin_address: String,
    pub payment_url: String,
    pub pc_callback_url: Option<String>,
    pub app_callback_url: Option<String>,
    pub status: OrderStatus,
    pub refunded_amount: Amount,
    pub created: i64,
    pub updated: i64,
}

impl Order {
    /// When the order times out, business-clock microseconds.
    pub(crate) fn deadline(&self) -> i64 {
        let secs = i64::try_from(self.expired_in).unwrap_or(i64::MAX / MICROS);
        self.created.saturating_add(secs.saturating_mul(MICROS))
    }
}

/// A refund order (of an order, or of an abnormal payment).
#[derive(Debug, Clone)]
pub(crate) struct Refund {
    pub sysid: String,
    pub refund_order_no: String,
    pub order_no: Option<String>,
    pub abnormal_payment_no: Option<String>,
    pub token: Token,
    pub amount: Amount,
    pub status: RefundStatus,
    pub tx_hash: Option<String>,
    pub address: Option<String>,
    pub remark: Option<String>,
    pub created: i64,
    pub updated: i64,
}

impl Refund {
    /// Counts against what is refundable (not cancelled or failed).
    pub(crate) fn holds_funds(&self) -> bool {
        !matches!(self.status, RefundStatus::Cancelled | RefundStatus::Failed)
    }
    /// Still in flight.
    pub(crate) fn is_active(&self) -> bool {
        matches!(self.status, RefundStatus::PendingRefund | RefundStatus::Refunding)
    }
}

/// A settlement order (stablecoin or fiat).
#[derive(Debug, Clone)]
pub(crate) struct Settlement {
    pub sysid: String,
    pub settlement_order_no: String,
    pub merchant_id: Option<String>,
    pub token: Token,
    pub address: Option<String>,
    pub amount: Amount,
    pub status: SettleStatus,
    pub fiat: Option<String>,
    pub bank_account_id: Option<String>,
    pub order_nos: Option<Vec<String>>,
    pub remark: Option<String>,
    pub tx_hash: Option<String>,
    pub created: i64,
    pub updated: i64,
}

impl Settlement {
    /// Counts against the balance (not failed, cancelled or rejected).
    pub(crate) fn holds_funds(&self) -> bool {
        !matches!(self.status, SettleStatus::Failed | SettleStatus::Cancelled | SettleStatus::Rejected)
    }
}

/// An over-, under- or late payment.
#[derive(Debug, Clone)]
pub(crate) struct Abnormal {
    pub abnormal_payment_no: String,
    pub order_no: String,
    pub token: Token,
    pub amount: Amount,
    pub hash: String,
    pub pending_amount: Amount,
    pub kind: AbnormalPaymentType,
    pub status: AbnormalPaymentStatus,
    pub created: i64,
    pub updated: i64,
}

/// Money received on chain (every `pay` call).
#[derive(Debug, Clone)]
pub(crate) struct Payment {
    pub order_no: String,
    pub token: Token,
    pub amount: Amount,
    pub tx_hash: String,
    pub created: i64,
}

/// The one valid access token.
#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub access_token: String,
    pub refresh_token: String,
    /// Business-clock microseconds.
    pub expires_at: i64,
    pub refresh_expires_at: i64,
}

/// Fixed settings the handlers need.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub exchange_rate: Amount,
    pub base_url: String,
    pub token_ttl_secs: u64,
    pub token_policy: crate::config::TokenPolicy,
}

/// Everything the sandbox knows.
#[derive(Debug)]
pub(crate) struct State {
    pub settings: Settings,
    pub clock: Clock,
    pub orders: Table<Order>,
    pub refunds: Table<Refund>,
    pub settlements: Table<Settlement>,
    pub abnormal: Table<Abnormal>,
    pub payments: Vec<Payment>,
    pub token: Option<AccessToken>,
    /// Recently superseded access tokens, to say "superseded" rather than "unknown".
    pub old_tokens: VecDeque<String>,
    /// Access tokens issued since start (or the last reset): lets tests count token fetches.
    pub tokens_issued: u64,
    /// Requests refused with `00002` (token unknown, superseded or expired).
    pub token_rejections: u64,
    /// Under `TokenPolicy::Multiple`: every issued token still honoured (newest last).
    pub live_tokens: VecDeque<AccessToken>,
    pub webhooks: Arc<Webhooks>,
    seq: u64,
}

impl State {
    pub(crate) fn new(settings: Settings, webhooks: Arc<Webhooks>) -> Self {
        Self {
            settings,
            clock: Clock::default(),
            orders: Table::default(),
            refunds: Table::default(),
            settlements: Table::default(),
            abnormal: Table::default(),
            payments: Vec::new(),
            token: None,
            old_tokens: VecDeque::new(),
            tokens_issued: 0,
            token_rejections: 0,
            live_tokens: VecDeque::new(),
            webhooks,
            seq: 0,
        }
    }

    /// Forgets every record, the token and the clock shift.
    pub(crate) fn reset(&mut self) {
        *self = State::new(self.settings.clone(), self.webhooks.clone());
    }

    /// Business time now.
    pub(crate) fn now(&self) -> i64 {
        self.clock.now()
    }

    /// A fresh id: `prefix` + 19 digits (13 of real milliseconds, 6 of sequence), e.g. `OR…`.
    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}{:013}{:06}", real_micros() / 1000, self.seq % 1_000_000)
    }

    /// Queues a webhook event.
    pub(crate) fn emit(&self, event_type: EventType, data: Value) {
        self.webhooks.enqueue(event_type, data);
    }

    /// Funds available per token: payments received − refunds (not cancelled/failed) −
    /// settlements (not failed/cancelled/rejected).
    pub(crate) fn balances(&self) -> BTreeMap<String, Amount> {
        let mut m: BTreeMap<String, Amount> = BTreeMap::new();
        for p in &self.payments {
            let e = m.entry(p.token.as_str().to_owned()).or_insert_with(Amount::zero);
            *e = e.checked_add(&p.amount).unwrap_or_else(|_| e.clone());
        }
        let debits = self
            .refunds
            .iter()
            .filter(|r| r.holds_funds())
            .map(|r| (&r.token, &r.amount))
            .chain(self.settlements.iter().filter(|s| s.holds_funds()).map(|s| (&s.token, &s.amount)));
        for (token, amount) in debits {
            let e = m.entry(token.as_str().to_owned()).or_insert_with(Amount::zero);
            *e = e.checked_sub(amount).unwrap_or_else(|_| Amount::zero());
        }
        m
    }

    /// Balance of one token.
    pub(crate) fn balance(&self, token: &Token) -> Amount {
        self.balances().remove(token.as_str()).unwrap_or_else(Amount::zero)
    }
}

/// `0x` + `n` random lowercase hex digits.
pub(crate) fn random_hex(n: usize) -> String {
    let mut s = String::with_capacity(n + 2);
    s.push_str("0x");
    for _ in 0..n {
        s.push(char::from(b"0123456789abcdef"[fastrand::usize(..16)]));
    }
    s
}

/// `n` random characters from `alphabet`.
pub(crate) fn random_from(alphabet: &[u8], n: usize) -> String {
    (0..n).map(|_| char::from(alphabet[fastrand::usize(..alphabet.len())])).collect()
}

/// Bitcoin-style Base58 alphabet (TRON and Solana addresses).
pub(crate) const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
