@echo off
rem Starts Teledrive from this distribution, whatever the working directory.
rem JAVA_HOME picks the Java to use; JAVA_OPTS adds JVM options; bin\teledrive --help lists the rest.
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java.exe"
)
"%JAVA%" -version >nul 2>&1
if errorlevel 1 (
  echo teledrive: no Java found: install Java 17 or newer, or set JAVA_HOME 1>&2
  exit /b 1
)
"%JAVA%" -XX:+ExitOnOutOfMemoryError %JAVA_OPTS% "-Dteledrive.home=%APP_HOME%" -cp "%APP_HOME%\lib\*" dev.teledrive.server.cli.Main %*
exit /b %ERRORLEVEL%
