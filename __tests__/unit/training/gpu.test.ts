import { describe, expect, test } from '@jest/globals';
import { describeGpus, parseNvidiaSmi } from '@mlops-actions/training/internal';

describe('nvidia-smi', () => {
  test('its CSV gives each GPU, with figures the driver does not report left out', () => {
    const gpus = parseNvidiaSmi(
      '0, NVIDIA H100 80GB HBM3, 87, 40211, 81559, 512.34, 700.00\n1, NVIDIA H100 80GB HBM3, [N/A], 3, 81559, [N/A], 700.00\n',
    );
    expect(gpus).toEqual([
      {
        index: 0,
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPercent: 87,
        memoryUsedMb: 40211,
        memoryTotalMb: 81559,
        powerWatts: 512.34,
        powerLimitWatts: 700,
      },
      {
        index: 1,
        name: 'NVIDIA H100 80GB HBM3',
        utilizationPercent: undefined,
        memoryUsedMb: 3,
        memoryTotalMb: 81559,
        powerWatts: undefined,
        powerLimitWatts: 700,
      },
    ]);
    expect(describeGpus(gpus)).toBe('2 × NVIDIA H100 80GB HBM3');
    expect(describeGpus(undefined)).toBe('none');
  });
});
