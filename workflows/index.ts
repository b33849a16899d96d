// The workflows a Kefu worker runs.
export { caseWorkflow } from './case';
