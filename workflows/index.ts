// The workflows a Kefu worker runs.
export { caseWorkflow } from './case';
export { returnWorkflow } from './returns/return-workflow';
