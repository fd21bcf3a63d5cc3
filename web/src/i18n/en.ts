// English forms of the sentences that carry a {count}: the key is the `other` form, so a key can
// say only one form; these add the singular. Every other English text is its own key.
import type { Messages } from "./messages.ts";

export const en: Messages = {
  "{average} / 5 from {count} reviews": { one: "{average} / 5 from {count} review", other: "{average} / 5 from {count} reviews" },
  "Hash chain verified: {count} messages, none missing or altered.": {
    one: "Hash chain verified: {count} message, none missing or altered.",
    other: "Hash chain verified: {count} messages, none missing or altered.",
  },
  "Notifications: {count} unread": { one: "Notifications: {count} unread", other: "Notifications: {count} unread" },
  "Mined: {confirmations} of {count} confirmations": {
    one: "Mined: {confirmations} of {count} confirmation",
    other: "Mined: {confirmations} of {count} confirmations",
  },
  "Confirmed ({confirmations} of {count} confirmations)": {
    one: "Confirmed ({confirmations} of {count} confirmation)",
    other: "Confirmed ({confirmations} of {count} confirmations)",
  },
  "Wait until the confirmation is final ({confirmations} of {count} confirmations)": {
    one: "Wait until the confirmation is final ({confirmations} of {count} confirmation)",
    other: "Wait until the confirmation is final ({confirmations} of {count} confirmations)",
  },
  "The seller confirmed delivery on chain. The delivery opens once that confirmation is final ({confirmations} of {count} confirmations) and the seller has uploaded it.":
    {
      one: "The seller confirmed delivery on chain. The delivery opens once that confirmation is final ({confirmations} of {count} confirmation) and the seller has uploaded it.",
      other:
        "The seller confirmed delivery on chain. The delivery opens once that confirmation is final ({confirmations} of {count} confirmations) and the seller has uploaded it.",
    },
  "A change to your draw weight is queued until the {count} open draws close: a draw is fixed when its randomness is requested.": {
    one: "A change to your draw weight is queued until the open draw closes: a draw is fixed when its randomness is requested.",
    other: "A change to your draw weight is queued until the {count} open draws close: a draw is fixed when its randomness is requested.",
  },
  "Reputation lost to missed windows recovers by one point per {count} days, up to {cap}.": {
    one: "Reputation lost to missed windows recovers by one point per day, up to {cap}.",
    other: "Reputation lost to missed windows recovers by one point per {count} days, up to {cap}.",
  },
  "Picture {n} of {count}: {title}": { one: "Picture {n} of {count}: {title}", other: "Picture {n} of {count}: {title}" },
};
