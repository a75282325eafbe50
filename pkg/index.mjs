// ES module entry for Node: the CommonJS entry re-exported, so `import` and `require` share one instance.
import api from './index.cjs';

export const { validate, validateFiles, validateResource, validateStack, renderFiles, explainRule, rules, Engine, version } = api;
