// Configuration: defaults a newcomer gets, and errors that name the bad variable.
import { ConfigError, loadConfig } from '../../activities/platform/config';

test('defaults run everything locally', () => {
  const config = loadConfig({});
  expect(config.databaseUrl).toBeUndefined();
  expect(config.temporal).toMatchObject({
    namespace: 'kefu',
    taskQueue: 'kefu-cases',
    port: 7233,
    uiPort: 8233,
  });
  expect(config.api.port).toBe(4000);
  expect(config.cases.inactivityTimeoutMs).toBe(24 * 3600_000);
  expect(config.llm.provider).toBe('local');
});

test('durations accept human units', () => {
  expect(loadConfig({ KEFU_CASE_INACTIVITY_TIMEOUT: '90s' }).cases.inactivityTimeoutMs).toBe(90_000);
  expect(loadConfig({ KEFU_CASE_INACTIVITY_TIMEOUT: '2h' }).cases.inactivityTimeoutMs).toBe(7_200_000);
});

test('every bad setting is named in one error', () => {
  let error: unknown;
  try {
    loadConfig({ KEFU_API_PORT: 'eighty', KEFU_CASE_INACTIVITY_TIMEOUT: 'soon', DATABASE_URL: 'not a url' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message).toMatch(/KEFU_API_PORT/);
  expect(message).toMatch(/KEFU_CASE_INACTIVITY_TIMEOUT.*"soon"/);
  expect(message).toMatch(/DATABASE_URL/);
});

test('the openai provider needs an endpoint or a key', () => {
  expect(() => loadConfig({ KEFU_LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  // A server of one's own must name its model: the default model name is OpenAI's, not that server's.
  expect(() =>
    loadConfig({ KEFU_LLM_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }),
  ).toThrow(/KEFU_LLM_MODEL/);
  expect(
    loadConfig({
      KEFU_LLM_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1',
      KEFU_LLM_MODEL: 'qwen2.5:7b',
    }).llm.provider,
  ).toBe('openai');
});

test('the knowledge search breadth defaults to 200 and refuses less than the 40 candidates retrieval takes', () => {
  expect(loadConfig({}).knowledge.efSearch).toBe(200);
  expect(loadConfig({ KEFU_KB_EF_SEARCH: '400' }).knowledge.efSearch).toBe(400);
  expect(() => loadConfig({ KEFU_KB_EF_SEARCH: '10' })).toThrow(/KEFU_KB_EF_SEARCH/);
});
