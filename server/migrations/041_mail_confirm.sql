-- MAIL_CONFIRM=1: an address receives replies only once its owner followed the signed link of a
-- confirmation message. One row per address: when a confirmation was last sent (at most one a
-- day, so a form cannot be used to flood someone's mailbox), and when it was confirmed.
create table mail_addresses (
  email text primary key,
  confirm_sent_at timestamptz,
  confirmed_at timestamptz
);
