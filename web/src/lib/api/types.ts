// The API's response shapes, from its wire schemas in @p2p-escrow/protocol (type-only: no schema is bundled).
import type { Session as SessionSchema, SignInNonce as SignInNonceSchema } from "@p2p-escrow/protocol/schemas/auth";
import type { Delivery as DeliverySchema } from "@p2p-escrow/protocol/schemas/delivery";
import type { EvidenceList as EvidenceListSchema, Pinned as PinnedSchema } from "@p2p-escrow/protocol/schemas/evidence";
import type {
  ListingDetail,
  ListingPage as ListingPageSchema,
  ListingSummary,
  OwnDeliverable as OwnDeliverableSchema,
} from "@p2p-escrow/protocol/schemas/listing";
import type {
  ChatMessage as ChatMessageSchema,
  KeyRecipients as KeyRecipientsSchema,
  MessagePage as MessagePageSchema,
  WrappedKey as WrappedKeySchema,
} from "@p2p-escrow/protocol/schemas/message";
import type {
  NotificationPage as NotificationPageSchema,
  Notification as NotificationSchema,
} from "@p2p-escrow/protocol/schemas/notification";
import type {
  Earnings as EarningsSchema,
  OrderAccess,
  OrderDetail,
  OrderPage as OrderPageSchema,
  OrderSummary,
} from "@p2p-escrow/protocol/schemas/order";
import type { Profile as ProfileSchema } from "@p2p-escrow/protocol/schemas/profile";
import type { ServerEvent } from "@p2p-escrow/protocol/schemas/realtime";
import type { RelayedOrder as RelayedOrderSchema, RelayQuote as RelayQuoteSchema } from "@p2p-escrow/protocol/schemas/relay";
import type { ReviewPage as ReviewPageSchema, Review as ReviewSchema } from "@p2p-escrow/protocol/schemas/review";
import type { Static } from "@sinclair/typebox";

export type { ListingDetail, ListingSummary, OrderAccess, OrderDetail, OrderSummary };
export type ListingPage = Static<typeof ListingPageSchema>;
export type OrderPage = Static<typeof OrderPageSchema>;
export type Earnings = Static<typeof EarningsSchema>;
export type Profile = Static<typeof ProfileSchema>;
export type RelayQuote = Static<typeof RelayQuoteSchema>;
export type RelayedOrder = Static<typeof RelayedOrderSchema>;
export type Review = Static<typeof ReviewSchema>;
export type ReviewPage = Static<typeof ReviewPageSchema>;
export type ChatMessage = Static<typeof ChatMessageSchema>;
export type MessagePage = Static<typeof MessagePageSchema>;
export type KeyRecipients = Static<typeof KeyRecipientsSchema>;
export type WrappedKey = Static<typeof WrappedKeySchema>;
export type Delivery = Static<typeof DeliverySchema>;
/** What GET /listings/:id/deliverable gives the seller. */
export type OwnDeliverable = Static<typeof OwnDeliverableSchema>;
export type EvidenceList = Static<typeof EvidenceListSchema>;
export type Pinned = Static<typeof PinnedSchema>;
export type Notification = Static<typeof NotificationSchema>;
export type NotificationPage = Static<typeof NotificationPageSchema>;
/** One event the realtime socket delivers (the frame without its `type`). */
export type RealtimeEvent = Omit<Static<typeof ServerEvent>, "type">;
export type Session = Static<typeof SessionSchema>;
export type SignInNonce = Static<typeof SignInNonceSchema>;
