export { alertKey } from "./alertKey";
export { DEFAULT_ALERT_RULES } from "./defaultRules";
export type { AlertRound } from "./runAlertRules";
export { runAlertRules } from "./runAlertRules";
export type { AlertStep } from "./stepAlert";
export { stepAlert } from "./stepAlert";
export type {
  AlertInstance,
  AlertLabels,
  AlertObservation,
  AlertRule,
  AlertStateName,
  AlertTransition,
} from "./types";
