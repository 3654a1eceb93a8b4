import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('fills the defaults of the embedded main job', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', MOTCUA_TASK_QUEUE: 'motcua-cases', MOTCUA_DATA_DIR: './data' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('stops on a bad value and names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS/);
    expect(() => loadConfig({ MOTCUA_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/MOTCUA_MAX_CACHED_WORKFLOWS/);
  });

  it('reads the services and the worker cache bound from the environment', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/motcua', TEMPORAL_ADDRESS: 'temporal:7233', MOTCUA_MAX_CACHED_WORKFLOWS: '500' });
    expect(config).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', MOTCUA_MAX_CACHED_WORKFLOWS: 500 });
    expect(loadConfig({}).MOTCUA_MAX_CACHED_WORKFLOWS).toBe(1000);
  });

  it('reads whether to register search attributes at start, and the case read deadline', () => {
    expect(loadConfig({})).toMatchObject({ MOTCUA_REGISTER_SEARCH_ATTRIBUTES: true, MOTCUA_CASE_QUERY_TIMEOUT_MS: 2500 });
    expect(loadConfig({ MOTCUA_REGISTER_SEARCH_ATTRIBUTES: 'false' }).MOTCUA_REGISTER_SEARCH_ATTRIBUTES).toBe(false);
    expect(() => loadConfig({ MOTCUA_REGISTER_SEARCH_ATTRIBUTES: 'maybe' })).toThrow(/MOTCUA_REGISTER_SEARCH_ATTRIBUTES/);
    expect(() => loadConfig({ MOTCUA_CASE_QUERY_TIMEOUT_MS: '10' })).toThrow(/MOTCUA_CASE_QUERY_TIMEOUT_MS/);
  });
});
