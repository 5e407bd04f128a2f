/** The e-mail address of the exchange's own account (src/exchange/actor.ts); the screens name that account in words. */
export const EXCHANGE_EMAIL = "exchange@node.invalid";
