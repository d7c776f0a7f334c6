import { acquireClaimLock, type ClaimLock, type ClaimLockOptions } from '@mlops-actions/common';
import { deleteRegisteredModelTag, getRegisteredModel, setRegisteredModelTag, type MlflowHttp } from '@mlops-actions/mlflow';

/** The registered-model tag that holds the promotion lock. */
export const LOCK_TAG = 'mlops.promotion_lock';

export type LockOptions = ClaimLockOptions;
export type PromotionLock = ClaimLock;

/**
 * The promotion lock of one registered model (MLflow's aliases are last-writer-wins): a claim lock on the model's
 * `mlops.promotion_lock` tag.
 */
export async function acquirePromotionLock(http: MlflowHttp, modelName: string, options: LockOptions): Promise<PromotionLock> {
  return acquireClaimLock(
    {
      read: async () => (await getRegisteredModel(http, modelName))?.tags[LOCK_TAG],
      write: (value) => setRegisteredModelTag(http, modelName, LOCK_TAG, value),
      remove: () => deleteRegisteredModelTag(http, modelName, LOCK_TAG),
    },
    `the promotion of ${modelName}`,
    options,
  );
}
