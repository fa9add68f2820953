import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { BrokerProbe } from './broker-probe';

export const BROKER_PROBE = Symbol('BROKER_PROBE');

/**
 * Liveness says the process answers; readiness says it can do its work: the database answers a
 * query and the broker answers a request. A supervisor restarts on liveness, a load balancer
 * routes on readiness.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(BROKER_PROBE) private readonly broker: BrokerProbe,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
      () => this.brokerCheck(),
    ]);
  }

  /** The broker answers a metadata request within the probe's timeout. */
  private async brokerCheck() {
    const indicator = this.indicators.check('broker');
    try {
      return indicator.up(await this.broker.describe());
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
