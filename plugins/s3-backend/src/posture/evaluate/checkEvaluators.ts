import { CheckCategory, CheckId } from '@s3-posture/plugin-s3-common';
import { accessCheckEvaluators } from './checks/accessChecks';
import { applicationCheckEvaluators } from './checks/applicationChecks';
import { costCheckEvaluators } from './checks/costChecks';
import { dataCheckEvaluators } from './checks/dataChecks';
import { houseCheckEvaluators } from './checks/houseChecks';
import { integrityCheckEvaluators } from './checks/integrityChecks';
import { loggingCheckEvaluators } from './checks/loggingChecks';
import { networkCheckEvaluators } from './checks/networkChecks';
import { CheckEvaluator, CheckEvaluators } from './types';

/**
 * The evaluators of each category (DESIGN §5), one file per category. The compiler holds
 * that every category has its file and no other; each file's object keeps its exact keys.
 */
export const CHECK_EVALUATORS_BY_CATEGORY = {
  access: accessCheckEvaluators,
  application: applicationCheckEvaluators,
  network: networkCheckEvaluators,
  data: dataCheckEvaluators,
  integrity: integrityCheckEvaluators,
  logging: loggingCheckEvaluators,
  cost: costCheckEvaluators,
  house: houseCheckEvaluators,
} satisfies Record<CheckCategory, CheckEvaluators>;

type ByCategory = typeof CHECK_EVALUATORS_BY_CATEGORY;

/** Ids that two categories both claim: `never` when every id has one home. */
type IdsOfMoreThanOneCategory = {
  [C in CheckCategory]: keyof ByCategory[C] &
    { [O in Exclude<CheckCategory, C>]: keyof ByCategory[O] }[Exclude<
      CheckCategory,
      C
    >];
}[CheckCategory];

/** Compiles only while no check id is in two categories (a spread would hide one). */
const everyIdHasOneCategory: [IdsOfMoreThanOneCategory] extends [never]
  ? true
  : IdsOfMoreThanOneCategory = true;
void everyIdHasOneCategory;

/** The evaluator of every check: the compiler proves none is missing, no cast. */
export const CHECK_EVALUATORS = {
  ...CHECK_EVALUATORS_BY_CATEGORY.access,
  ...CHECK_EVALUATORS_BY_CATEGORY.application,
  ...CHECK_EVALUATORS_BY_CATEGORY.network,
  ...CHECK_EVALUATORS_BY_CATEGORY.data,
  ...CHECK_EVALUATORS_BY_CATEGORY.integrity,
  ...CHECK_EVALUATORS_BY_CATEGORY.logging,
  ...CHECK_EVALUATORS_BY_CATEGORY.cost,
  ...CHECK_EVALUATORS_BY_CATEGORY.house,
} satisfies Record<CheckId, CheckEvaluator>;
