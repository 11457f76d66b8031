import type { ApiHandler } from './api-context.js';
import { listBody, param } from './api-context.js';
import { canSeeProject, requirePermissions, requireProject } from './auth.js';
import { badRequest } from './http-error.js';
import { jsonReply } from './http-io.js';
import type { ProjectRecord } from './state.js';

/**
 * `GET /apiops/projects/`: only the projects the token can see; always the `status` envelope,
 * as every generation documents. The current generation also shows project ids.
 */
export const listProjects: ApiHandler = (context, request) => {
  const projects = [...context.state.projects.values()]
    .filter((project) => canSeeProject(request.grants, project.name))
    .map((project) => ({
      ...(context.api === 'current' ? { id: project.id } : {}),
      name: project.name,
      description: project.description,
    }));
  return jsonReply(200, listBody('legacy', projects));
};

/**
 * `GET /apiops/environments/{project}` (2026-01 and legacy): a missing project is 400 here,
 * unlike everywhere else in those generations.
 */
export const listEnvironments: ApiHandler = (context, request) => {
  const name = param(request, 'project');
  const project = context.state.projects.get(name);
  if (!project || !canSeeProject(request.grants, name)) {
    throw badRequest(`Project not found for name: (${name}) or user does not have privilege to access it!`);
  }
  requirePermissions(request.grants, name, ['READ']);
  const environments = project.environments.map((environment) => ({
    id: environment.id,
    name: environment.name,
    description: environment.description,
    type: environment.type,
    status: 'PUBLISHED',
    accessUrl: environment.accessUrl,
  }));
  return jsonReply(200, listBody(context.api, environments));
};

/** `GET /apiops/projects/{project}/environments/` (current): the entries its reference shows. */
export const listEnvironmentsOfProject: ApiHandler = (context, request) => {
  const project: ProjectRecord = requireProject(context.state, request.grants, param(request, 'project'));
  requirePermissions(request.grants, project.name, ['READ']);
  const environments = project.environments.map((environment) => ({
    id: environment.id,
    name: environment.name,
    description: environment.description,
    type: environment.type,
    accessUrl: environment.accessUrl,
    status: 'PUBLISHED',
    deployed: null,
    redeployRequired: null,
  }));
  return jsonReply(200, listBody(context.api, environments));
};
