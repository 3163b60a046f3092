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
 * @param thumbnail a {@code data:} URL of the image, or {@code null} when there is none
 */
public record PredictionCard(
    long seq, Prediction prediction, String trueClass, Boolean correct, String thumbnail) {}
