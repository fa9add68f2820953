import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiHeader, ApiSecurity } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems } from '../http/api-problems';
import { problem } from '../http/problem';
import { type ApiKeyRole } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';
import { hashApiKey, type Principal } from './principal';

const ROLES = 'tks:api-key-roles';
type AuthenticatedRequest = Request & { principal?: Principal };

/** `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
function presentedKey(request: Request): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/**
 * Authenticates the API key and checks its role; what the key may see is for the handler
 * (principal.ts). Apply with `@RequireApiKey(...)`, read the caller with `@CurrentPrincipal()`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request);
    const unauthenticated = () => {
      // A declaration body may still be streaming in: drain it so the answer can be read.
      request.resume();
      return problem(
        401,
        'TKS-UNAUTHENTICATED',
        'An API key is required',
        'send Authorization: Bearer <key>',
      );
    };
    if (key === undefined || key.length > 512) throw unauthenticated();
    const row = await this.apiKeys.findActive(hashApiKey(key));
    if (!row) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<ApiKeyRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && roles.length > 0 && !roles.includes(row.role)) {
      request.resume();
      throw problem(403, 'TKS-FORBIDDEN', 'This API key may not do this', `the key's role is ${row.role}`);
    }
    request.principal = {
      keyId: row.keyId,
      name: row.name,
      role: row.role,
      subscriberIds: new Set(row.subscriberIds),
      taxOfficeCodes: new Set(row.taxOfficeCodes),
    };
    return true;
  }
}

/** Requires an API key, of one of these roles when any are given (documented: 401 and 403 problems). */
export const RequireApiKey = (...roles: ApiKeyRole[]) =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiProblems(401, 403),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(),
    ApiSecurity('api-key'),
    ApiHeader({ name: 'X-Api-Key', required: false, description: 'the API key, instead of Authorization' }),
  );

/** Narrows the roles of one handler inside a controller that has RequireApiKey(). */
export const ApiKeyRoles = (...roles: ApiKeyRole[]) => SetMetadata(ROLES, roles);

/** The authenticated caller (only on handlers behind RequireApiKey). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a handler without RequireApiKey');
    return principal;
  },
);
