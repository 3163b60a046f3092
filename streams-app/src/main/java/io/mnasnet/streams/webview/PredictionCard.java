package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;

/**
 * One prediction as a card on the page.
 *
 * @param seq its position in this instance's sequence of predictions (1, 2, ...): the page asks for
 *     the cards after the last one it has
 * @param prediction the prediction, as written to the output topic
 * @param trueClass the name of the class the true label stands for, or {@code null}
 * @param correct whether the top-1 class is the true one, or {@code null} without a true label
 * @param thumbnail the address of the card's picture on this endpoint ({@code
 *     /api/thumbnail?instance=...&seq=...}), made when a page first asks for it; {@code null} when
 *     the view kept no picture for the card. The address may answer 404 later (the picture was
 *     dropped to stay within the view's memory budget)
 */
public record PredictionCard(
    long seq, Prediction prediction, String trueClass, Boolean correct, String thumbnail) {}
