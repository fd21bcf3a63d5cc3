"use client";
import { useMemo } from "react";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { apiBytes, apiRequest, type RequestOptions } from "./client.ts";

/** The API client bound to the runtime's API URL. */
export function useApi() {
  const { apiUrl } = useRuntimeConfig();
  return useMemo(
    () => ({
      baseUrl: apiUrl,
      request: <T>(path: string, options?: RequestOptions) => apiRequest<T>(apiUrl, path, options),
      bytes: (path: string, token: string) => apiBytes(apiUrl, path, token),
    }),
    [apiUrl],
  );
}
