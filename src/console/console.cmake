# Bundles web/src/main.js and web/src/app.css with esbuild, and embeds them with
# web/index.html and web/favicon.svg into console_assets.cc (FRESHET_CONSOLE_ASSETS_CC).
find_program(FRESHET_ESBUILD esbuild PATHS ${PROJECT_SOURCE_DIR}/node_modules/.bin NO_DEFAULT_PATH)
if(NOT FRESHET_ESBUILD)
    message(FATAL_ERROR "esbuild not found in node_modules: run tools/setup.sh (make setup)")
endif()

set(web ${CMAKE_CURRENT_SOURCE_DIR}/web)
set(out ${CMAKE_CURRENT_BINARY_DIR}/web)
file(GLOB_RECURSE console_web_sources CONFIGURE_DEPENDS ${web}/src/*.js ${web}/src/*.css)

add_custom_command(
    OUTPUT ${out}/app.js ${out}/app.css
    COMMAND ${FRESHET_ESBUILD} ${web}/src/main.js --bundle --format=iife --minify
            --target=es2020 --log-level=warning --outfile=${out}/app.js
    COMMAND ${FRESHET_ESBUILD} ${web}/src/app.css --bundle --minify --log-level=warning
            --outfile=${out}/app.css
    DEPENDS ${console_web_sources}
    COMMENT "Bundling the console (esbuild)"
    VERBATIM)

set(FRESHET_CONSOLE_ASSETS_CC ${CMAKE_CURRENT_BINARY_DIR}/console_assets.cc)
freshet_embed(OUT ${FRESHET_CONSOLE_ASSETS_CC} NAMESPACE freshet::console
    FUNCTION embedded_assets BASE ${web}
    FILES ${web}/index.html ${web}/favicon.svg app.js=${out}/app.js app.css=${out}/app.css
    COMMENT "Embedding the console's files")
