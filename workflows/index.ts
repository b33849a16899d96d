// The workflows a Kefu worker runs.
export { caseWorkflow } from './case';
export { returnWorkflow } from './returns/return-workflow';
export { maintenanceEvaluationWorkflow } from './maintenance/evaluation';
export { maintenanceOutreachWorkflow } from './maintenance/outreach';
