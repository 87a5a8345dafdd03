import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';

// Atlaskit components ask Atlassian's feature-gate client for rollout flags. Outside Atlassian's
// own front ends that client is never initialised (it warns on the console and answers false),
// so answer false directly: the components' stable, released behaviour.
setBooleanFeatureFlagResolver(() => false);
