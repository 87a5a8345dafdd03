/** The resolver function of every UI module (manifest: function `resolver` → index.handler). */
import Resolver from '@forge/resolver';
import { registerResolvers } from '../resolvers';
import { forgeApp } from './app';

const resolver = new Resolver();
registerResolvers(resolver, forgeApp().services);

export const handler = resolver.getDefinitions();
