// ESLint for the whole tree: typescript-eslint's recommended rules, React's hook rules, and no
// import cycles (data flows one way: Jira or a snapshot → client/reader → core → resolvers → UI).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'static/project-page/build/**', '.preview-data/**', 'coverage/**', '**/*.js', '**/*.mjs'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Folders are layers and data flows one way: no folder imports one that imports it back.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
          { target: './src/core', from: './src', except: ['./core'], message: 'core may import only from core.' },
          { target: './src/contract', from: './src', except: ['./core', './contract'], message: 'contract may import only from core, contract.' },
          { target: './src/jira', from: './src', except: ['./core', './jira'], message: 'jira may import only from core, jira.' },
          { target: './src/snapshot', from: './src', except: ['./core', './jira', './snapshot'], message: 'snapshot may import only from core, jira, snapshot.' },
          { target: './src/scan-state', from: './src', except: ['./core', './scan-state'], message: 'scan-state may import only from core, scan-state.' },
          { target: './src/storage', from: './src', except: ['./core', './contract', './jira', './scan-state', './storage'], message: 'storage may import only from core, contract, jira, scan-state, storage.' },
          { target: './src/scan-job', from: './src', except: ['./core', './contract', './jira', './scan-state', './storage', './scan-job'], message: 'scan-job may import only from core, contract, jira, scan-state, storage, scan-job.' },
          { target: './src/resolvers', from: './src', except: ['./core', './contract', './jira', './scan-state', './storage', './scan-job', './resolvers'], message: 'resolvers may import only from core, contract, jira, scan-state, storage, scan-job, resolvers.' },
          { target: './src/frontend', from: './src', except: ['./core', './contract', './frontend'], message: 'frontend may import only from core, contract, frontend.' },
          { target: './src/cli', from: './src', except: ['./core', './jira', './snapshot', './cli'], message: 'cli may import only from core, jira, snapshot, cli.' },
          { target: './src/app', from: './src', except: ['./core', './contract', './jira', './scan-state', './storage', './scan-job', './resolvers', './app'], message: 'app may import only from core, contract, jira, scan-state, storage, scan-job, resolvers, app.' },
          { target: './src', from: ['./dev', './test', './static'], message: 'The app never imports the dev tools, the tests or the page.' },
          { target: './static', from: './src', except: ['./contract', './core', './frontend'], message: 'The page imports only the contract, the pure core and the shared frontend code.' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
