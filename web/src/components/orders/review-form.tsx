"use client";
// The caller's signed review of the other party (the logic: use-review.ts).
import { useT } from "@/i18n/i18n.tsx";
import type { OrderDetail } from "@/lib/api/types.ts";
import { describeError } from "@/lib/tx/errors.ts";
import type { Role } from "./use-order.ts";
import { useReview } from "./use-review.ts";

export function ReviewForm({ detail, role }: { detail: OrderDetail; role: Role }) {
  const t = useT();
  const review = useReview(detail, role);
  return (
    <section className="panel" aria-labelledby="review-heading">
      <h2 id="review-heading">{t("Review")}</h2>
      {review.mine ? (
        <p data-testid="my-review">
          {t("You rated this trade {rating}/5: {text}", { rating: review.mine.rating, text: review.mine.text })}
        </p>
      ) : (
        <form
          className="form stack"
          onSubmit={(e) => {
            e.preventDefault();
            review.publish();
          }}
        >
          <label>
            {t("Rating")}
            <select value={review.rating} onChange={(e) => review.setRating(Number(e.target.value))}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {"★".repeat(n)} ({n})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("Your review")}
            <textarea value={review.text} onChange={(e) => review.setText(e.target.value)} maxLength={2000} />
          </label>
          <button type="submit" className="button">
            {t("Sign and publish review")}
          </button>
        </form>
      )}
      {review.error !== null && (
        <p role="alert" className="notice error">
          {describeError(review.error, t)}
        </p>
      )}
    </section>
  );
}
