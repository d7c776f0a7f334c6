import { describe, expect, test } from '@jest/globals';
import { lineageFromGithub } from '@mlops-actions/training';
import { lineageTags } from '@mlops-actions/training/internal';

describe('lineage', () => {
  test('a tag-triggered job gives commit, ref, tag, run URL and runner; outside Actions there is none', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_SHA: 'abc123',
      GITHUB_REF: 'refs/tags/train-v2.0.0',
      GITHUB_REPOSITORY: 'acme/vision',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2',
      RUNNER_NAME: 'gpu-1',
    };
    const tags = lineageTags(lineageFromGithub(env, 'python train.py', 'NVIDIA A10G')!);
    expect(tags).toMatchObject({
      'mlops.git.commit': 'abc123',
      'mlops.git.tag': 'train-v2.0.0',
      'mlops.github.run_url': 'https://ghe.example.com/acme/vision/actions/runs/42/attempts/2',
      'mlops.github.repository': 'https://ghe.example.com/acme/vision',
      'mlops.runner': 'gpu-1',
      'mlops.gpu': 'NVIDIA A10G',
      'mlops.command': 'python train.py',
      'mlflow.source.git.commit': 'abc123',
    });
    expect(lineageTags(lineageFromGithub({ ...env, GITHUB_REF: 'refs/heads/main' }, 'x', 'none')!)['mlops.git.tag']).toBeUndefined();
    expect(lineageFromGithub({}, 'x', 'none')).toBeUndefined();
  });
});
