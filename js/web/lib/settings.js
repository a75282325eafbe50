// Page settings kept in localStorage: minimum severity and rules turned off. The format override is not kept
// (it belongs to one document), nor is the editor's text: definitions can hold secrets.

import { SEVERITIES } from './findings.js';

export const STORAGE_KEY = 'fargate-guard.web.settings.v1';
export const defaults = () => ({ minSeverity: 'info', off: [] });

/** Settings from storage, keeping only values that still mean something (known rule ids, severities). */
export function loadSettings(storage, knownRuleIds) {
  const settings = defaults();
  let saved;
  try {
    saved = JSON.parse(storage?.getItem(STORAGE_KEY) || 'null');
  } catch {
    saved = null;
  }
  if (!saved || typeof saved !== 'object') return settings;
  if (SEVERITIES.includes(saved.minSeverity)) settings.minSeverity = saved.minSeverity;
  if (Array.isArray(saved.off)) {
    const known = new Set(knownRuleIds);
    settings.off = [...new Set(saved.off.filter((id) => known.has(id)))].sort();
  }
  return settings;
}

/** Returns false when storage is unavailable (private mode, blocked): the settings still apply to this visit. */
export function saveSettings(storage, settings) {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
}

/** The engine configuration for these settings: `{ rules: { "FG-07": "off" }, minSeverity }`. */
export function engineConfig(settings) {
  // The page's minimum severity is also the report's threshold, so an exported report counts what was shown.
  return { rules: Object.fromEntries(settings.off.map((id) => [id, 'off'])), minSeverity: settings.minSeverity };
}
