package dev.distlock.checker;

import dev.distlock.history.Op;
import dev.distlock.model.Call;
import dev.distlock.model.Model;
import dev.distlock.model.TypedModel;

/**
 * A model bound to one partition's ops: steps op {@code i} of the partition. For a {@link
 * TypedModel} the ops are decoded once, when the stepper is made.
 */
abstract class Stepper {
  final Model<Object> model;

  Stepper(Model<Object> model) {
    this.model = model;
  }

  /** The state after op {@code i} in {@code s}, or null if it is not legal there. */
  abstract Object step(Object s, int i);

  boolean dependsOnProcess() {
    return model.dependsOnProcess();
  }

  long stateBytes(Object s) {
    return model.stateBytes(s);
  }

  /**
   * A stepper for {@code ops}; {@code calls[i]} is the decoded {@code ops[i]} when the model is a
   * {@link TypedModel} (else null).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Stepper of(Model<?> model, Op[] ops, Object[] calls) {
    if (model instanceof TypedModel) {
      TypedModel tm = (TypedModel) model;
      return new Stepper((Model) model) {
        @Override
        Object step(Object s, int i) {
          return tm.step(s, (Call) calls[i]);
        }
      };
    }
    Model m = model;
    return new Stepper(m) {
      @Override
      Object step(Object s, int i) {
        return m.step(s, ops[i]);
      }
    };
  }
}
