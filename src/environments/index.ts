export {
  assertKnownEnvironment,
  hasRequiredPresence,
  isFeatureDeprecated,
  isFeatureInEnvironment,
  isPresenceRequired,
  knownEnvironments,
} from './environments.js';
