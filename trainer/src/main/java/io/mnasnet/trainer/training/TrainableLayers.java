package io.mnasnet.trainer.training;

import io.mnasnet.schemas.ModelLineage;

/**
 * Which layers a run trains ({@code --train-only}), as users of transfer learning expect: every
 * layer (fine-tuning), or only the classifier on frozen features (a linear probe: the backbone, its
 * BatchNorm statistics included, stays exactly as initialised, and each step costs a fraction of a
 * full one since no gradient flows into the backbone).
 */
public enum TrainableLayers {
  ALL(ModelLineage.TRAIN_ALL),
  CLASSIFIER(ModelLineage.TRAIN_CLASSIFIER);

  private final String id;

  TrainableLayers(String id) {
    this.id = id;
  }

  /** How the command line and the lineage spell it. */
  public String id() {
    return id;
  }
}
