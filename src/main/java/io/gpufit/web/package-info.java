/**
 * The HTTP adapter: controllers, request and response shapes, and the mapping of every bad input
 * to a 400 {@code application/problem+json} that names the field. Validated requests become
 * {@link io.gpufit.application} inputs; what to compute and look up is decided there.
 */
package io.gpufit.web;
